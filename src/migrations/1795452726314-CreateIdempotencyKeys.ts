import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateIdempotencyKeys1795452726314 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1795452726314';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "idempotency_keys" (
                "scope" character varying(512) NOT NULL,
                "key" character varying(255) NOT NULL,
                "fingerprint" character(64) NOT NULL,
                "claim_token" uuid NOT NULL,
                "locked_until" TIMESTAMP(3) WITH TIME ZONE,
                "response_status" smallint,
                "response_headers" jsonb,
                "response_body" bytea,
                "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_15de2f76fa9f27ad8f330983607" PRIMARY KEY ("scope", "key")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_idempotency_keys_expires_at" ON "idempotency_keys" ("expires_at")
        `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_idempotency_keys_expires_at"
        `);
    await queryRunner.query(`
            DROP TABLE "idempotency_keys"
        `);
  }
}
