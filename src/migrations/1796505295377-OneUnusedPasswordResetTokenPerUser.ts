import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class OneUnusedPasswordResetTokenPerUser1796505295377 implements MigrationInterface {
  name = 'OneUnusedPasswordResetTokenPerUser1796505295377';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Two racing reset requests could leave a user two unused tokens; the newer one is the one the
    // user was last mailed, so the older ones go before the index that forbids them is built.
    await queryRunner.query(`
            DELETE FROM "password_reset_tokens" "older"
            USING "password_reset_tokens" "newer"
            WHERE "older"."user_id" = "newer"."user_id"
              AND "older"."used_at" IS NULL
              AND "newer"."used_at" IS NULL
              AND ("older"."created_at", "older"."id") < ("newer"."created_at", "newer"."id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_password_reset_tokens_user_id_unused" ON "password_reset_tokens" ("user_id")
            WHERE "used_at" IS NULL
        `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."UQ_password_reset_tokens_user_id_unused"
        `);
  }
}
