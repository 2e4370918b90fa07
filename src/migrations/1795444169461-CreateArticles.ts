import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateArticles1795444169461 implements MigrationInterface {
  name = 'CreateArticles1795444169461';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."article_status" AS ENUM('draft', 'published', 'archived')
        `);
    await queryRunner.query(`
            CREATE TABLE "articles" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "slug" character varying(120) NOT NULL,
                "title" character varying(200) NOT NULL,
                "body" text NOT NULL,
                "tags" character varying(40) array NOT NULL DEFAULT '{}',
                "status" "public"."article_status" NOT NULL DEFAULT 'draft',
                "published_at" TIMESTAMP(3) WITH TIME ZONE,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL,
                CONSTRAINT "UQ_articles_slug" UNIQUE ("slug"),
                CONSTRAINT "PK_0a6e2c450d83e0b6052c2793334" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_articles_tags" ON "articles" USING gin ("tags")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_articles_published_at_id" ON "articles" ("published_at", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_articles_created_at_id" ON "articles" ("created_at", "id")
        `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_articles_created_at_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_articles_published_at_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_articles_tags"
        `);
    await queryRunner.query(`
            DROP TABLE "articles"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."article_status"
        `);
  }
}
