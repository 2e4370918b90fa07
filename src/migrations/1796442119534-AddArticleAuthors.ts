import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class AddArticleAuthors1796442119534 implements MigrationInterface {
  name = 'AddArticleAuthors1796442119534';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "articles"
            ADD "author_id" uuid
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_articles_author_id_created_at_id" ON "articles" ("author_id", "created_at", "id")
        `);
    await queryRunner.query(`
            ALTER TABLE "articles"
            ADD CONSTRAINT "FK_articles_author_id" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "articles" DROP CONSTRAINT "FK_articles_author_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_articles_author_id_created_at_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "articles" DROP COLUMN "author_id"
        `);
  }
}
