/**
 * Every type the field generator supports on an existing table, and each way a row gets a value:
 * optional, a default, `now`, an array's empty default. Added to a generated module by the field
 * generator's contract and to the hand-written reference by reference-module-edits.e2e-spec.ts.
 */
export const EVERY_FIELD_TYPE =
  'subtitle:string(200)? readingMinutes:int(1..600)=5 reviewedAt:datetime? category:enum(news,guide)=news ' +
  'price:decimal(10,2)? labels:string[](30) ownerId:uuid?:index featured:boolean=false startsOn:date=2026-01-01 ' +
  'meta:json? checkedAt:datetime=now';
