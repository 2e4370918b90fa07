import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateTopics1796416085444 implements MigrationInterface {
  name = 'CreateTopics1796416085444';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "topics" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(60) NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "version" integer NOT NULL,
                CONSTRAINT "UQ_topics_name" UNIQUE ("name"),
                CONSTRAINT "PK_e4aa99a3fa60ec3a37d1fc4e853" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_topics_created_at_id" ON "topics" ("created_at", "id")
        `);
    await queryRunner.query(`
            CREATE TABLE "article_topics" (
                "article_id" uuid NOT NULL,
                "topic_id" uuid NOT NULL,
                CONSTRAINT "PK_article_topics" PRIMARY KEY ("article_id", "topic_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_article_topics_topic_id_article_id" ON "article_topics" ("topic_id", "article_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "article_topics"
            ADD CONSTRAINT "FK_article_topics_article_id" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "article_topics"
            ADD CONSTRAINT "FK_article_topics_topic_id" FOREIGN KEY ("topic_id") REFERENCES "topics"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "article_topics" DROP CONSTRAINT "FK_article_topics_topic_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "article_topics" DROP CONSTRAINT "FK_article_topics_article_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_article_topics_topic_id_article_id"
        `);
    await queryRunner.query(`
            DROP TABLE "article_topics"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_topics_created_at_id"
        `);
    await queryRunner.query(`
            DROP TABLE "topics"
        `);
  }
}
