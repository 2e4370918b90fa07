import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateComments1796415958079 implements MigrationInterface {
  name = 'CreateComments1796415958079';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "comments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "article_id" uuid NOT NULL,
                "author" character varying(80) NOT NULL,
                "body" text NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL,
                CONSTRAINT "PK_8bf68bc960f2b69e818bdb90dcb" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_comments_created_at_id" ON "comments" ("created_at", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_comments_article_id_created_at_id" ON "comments" ("article_id", "created_at", "id")
        `);
    await queryRunner.query(`
            ALTER TABLE "comments"
            ADD CONSTRAINT "FK_comments_article_id" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "comments" DROP CONSTRAINT "FK_comments_article_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_comments_article_id_created_at_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_comments_created_at_id"
        `);
    await queryRunner.query(`
            DROP TABLE "comments"
        `);
  }
}
