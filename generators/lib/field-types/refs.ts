import { capitalize, type ModuleNames, moduleNames, toSnakeCase } from '../names';
import { type Complaint, type ImportNeed, LIMITS, validator } from './field-type';

/**
 * `labels:refs(labels)`: a many-to-many relation, generated like the reference's articles ↔ topics
 * (src/modules/articles/article-topic.entity.ts, docs/reference-module.md "Many-to-many").
 *
 * It is no column of the module's table, so it is not one of the `FieldDefinition`s the column
 * types share: it is a join table of its own (`product_labels`, entity `ProductLabelEntity` in the
 * owning module), the id list `labelIds` in bodies and responses, the `?labelId=` filter, the
 * `?include=labels` embed, and a 422 `PRODUCTS_LABEL_NOT_FOUND` for unknown ids. Every name and
 * rule of it is derived here; the templates only print them. The token is parsed by
 * `relation-spec.ts`.
 */
export interface RefsField {
  readonly type: 'refs';
  /** `labels`: the relation, the embedded list and the include. */
  readonly name: string;
  /** `label`: one linked row, the join entity's relation property and the prose. */
  readonly singular: string;
  /** `labelIds`: the id list in bodies and responses. */
  readonly idsProperty: string;
  /** `labelId`: the list filter and the join table's target key property. */
  readonly filterParameter: string;
  /** The referenced module, kebab-case plural: `labels`. */
  readonly target: string;
}

/** Why the relation cannot be generated in `owner` (names that would collide), if so. */
export function refsProblem(owner: ModuleNames, field: RefsField): Complaint | undefined {
  if (field.singular === owner.camelSingular) {
    return {
      message: `"${field.name}" would name both keys of the join table ${owner.camelSingular}Id`,
      hint: `name the relation after its role, e.g. related:refs(${field.target})`,
    };
  }
  const table = joinTable(owner, field);
  // The longest generated identifier is the index on (target key, owner key).
  if (`IDX_${table}_${toSnakeCase(field.filterParameter)}_${owner.table}`.length > 63) {
    return { message: `the join table "${table}" makes constraint names longer than PostgreSQL keeps` };
  }
  return undefined;
}

function joinTable(owner: ModuleNames, field: RefsField): string {
  return `${toSnakeCase(owner.camelSingular)}_${toSnakeCase(field.name)}`;
}

/** The join entity's file, without folder: `product-label.entity.ts`. */
export function joinEntityFile(owner: ModuleNames, field: RefsField): string {
  return `${owner.kebabSingular}-${toSnakeCase(field.singular).replace(/_/g, '-')}.entity.ts`;
}

/** Everything the module templates print for one many-to-many relation. */
export interface ManyToManyView {
  readonly name: string;
  readonly singular: string;
  readonly pascalSingular: string;
  readonly pascalName: string;
  readonly idsProperty: string;
  readonly filterParameter: string;
  readonly target: string;
  readonly targetNames: ModuleNames;
  readonly self: boolean;
  /** `?include=labels` embeds the targets with their own mapper (see `isIncludable`). */
  readonly includable: boolean;
  /** Words: `label`, `labels`. */
  readonly words: string;
  readonly wordsPlural: string;
  readonly capitalWords: string;
  readonly joinFile: string;
  /** `product-label.entity`, for import specifiers. */
  readonly joinStem: string;
  readonly joinClass: string;
  readonly joinTable: string;
  readonly ownerKey: string;
  readonly ownerColumn: string;
  readonly targetKey: string;
  readonly targetColumn: string;
  readonly primaryKeyName: string;
  readonly indexName: string;
  readonly ownerForeignKeyConstant: string;
  readonly ownerForeignKeyName: string;
  readonly targetForeignKeyConstant: string;
  readonly targetForeignKeyName: string;
  /** `labelLinks`: the owner entity's list of join rows, and the repository's join-table getter. */
  readonly linksProperty: string;
  readonly linkType: string;
  readonly maxCountConstant: string;
  readonly maxCount: number;
  readonly errorClass: string;
  readonly errorCode: string;
  readonly addMethod: string;
  readonly removeMethod: string;
  readonly unknownMethod: string;
  readonly fieldsFunction: string;
  /** Alias of the join table in the filter's inner join. */
  readonly filterAlias: string;
  readonly mapperFunction: string;
  readonly responseDto: string;
  /** Creates a target row in the e2e spec and evaluates to its id. */
  readonly createTarget: string;
  readonly targetConstant: string;
  /** The 409 code deleting a linked target answers. */
  readonly referencedCode: string;
}

export function manyToManyView(owner: ModuleNames, field: RefsField, includable: boolean): ManyToManyView {
  const target = moduleNames(field.target);
  const self = field.target === owner.kebabPlural;
  const table = joinTable(owner, field);
  const pascalSingular = capitalize(field.singular);
  const ownerKey = `${owner.camelSingular}Id`;
  const targetKey = field.filterParameter;
  const constantPrefix = table.toUpperCase();
  const words = field.singular.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return {
    name: field.name,
    singular: field.singular,
    pascalSingular,
    pascalName: capitalize(field.name),
    idsProperty: field.idsProperty,
    filterParameter: field.filterParameter,
    target: field.target,
    targetNames: target,
    self,
    includable: !self && includable,
    words,
    wordsPlural: field.name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase(),
    capitalWords: capitalize(words),
    joinFile: joinEntityFile(owner, field),
    joinStem: joinEntityFile(owner, field).replace(/\.ts$/, ''),
    joinClass: `${owner.pascalSingular}${pascalSingular}Entity`,
    joinTable: table,
    ownerKey,
    ownerColumn: toSnakeCase(ownerKey),
    targetKey,
    targetColumn: toSnakeCase(targetKey),
    primaryKeyName: `PK_${table}`,
    indexName: `IDX_${table}_${toSnakeCase(targetKey)}_${toSnakeCase(ownerKey)}`,
    ownerForeignKeyConstant: `${constantPrefix}_${toSnakeCase(owner.camelSingular).toUpperCase()}_FK`,
    ownerForeignKeyName: `FK_${table}_${toSnakeCase(ownerKey)}`,
    targetForeignKeyConstant: `${constantPrefix}_${toSnakeCase(field.singular).toUpperCase()}_FK`,
    targetForeignKeyName: `FK_${table}_${toSnakeCase(targetKey)}`,
    linksProperty: `${field.singular}Links`,
    linkType: `${owner.pascalSingular}${pascalSingular}Link`,
    maxCountConstant: `${owner.constantSingular}_${toSnakeCase(field.name).toUpperCase()}_MAX_COUNT`,
    maxCount: LIMITS.arrayMaxItems,
    errorClass: `${owner.pascalSingular}${pascalSingular}NotFoundError`,
    errorCode: `${owner.constantPlural}_${toSnakeCase(field.singular).toUpperCase()}_NOT_FOUND`,
    addMethod: `add${capitalize(field.name)}`,
    removeMethod: `remove${capitalize(field.name)}`,
    unknownMethod: `findUnknown${pascalSingular}Ids`,
    fieldsFunction: `${field.singular}Fields`,
    filterAlias: `${toSnakeCase(field.singular)}_filter`,
    mapperFunction: `to${target.pascalSingular}Response`,
    responseDto: `${target.pascalSingular}ResponseDto`,
    createTarget: self ? `(await create${owner.pascalSingular}()).id` : `await create${target.pascalSingular}()`,
    targetConstant: target.constantPlural,
    referencedCode: `${target.constantPlural}_REFERENCED`,
  };
}

/** The create body's id list: validated like the reference's `topicIds`. */
export function idsPropertyLines(view: ManyToManyView): { lines: string[]; imports: ImportNeed[] } {
  const max = view.maxCountConstant;
  return {
    lines: [
      '@ApiPropertyOptional({',
      "  type: 'array',",
      "  items: { type: 'string', format: 'uuid' },",
      `  maxItems: ${max},`,
      '  uniqueItems: true,',
      '  description:',
      `    'Ids of existing ${view.wordsPlural}; none when omitted on create, the whole new set on update. An unknown id is a 422 \`${view.errorCode}\` pointing at it.',`,
      "  example: ['0b9e6a3e-8f2b-4c57-9a0e-2f4b1c7d5e6f'],",
      '})',
      '@OptionalNotNull()',
      '@IsArray()',
      `@ArrayMaxSize(${max})`,
      `@ArrayDistinct(${max})`,
      `@IsUUID('all', eachItem(${max}))`,
      `${view.idsProperty}?: string[];`,
    ],
    imports: [
      { source: 'swagger', name: 'ApiPropertyOptional' },
      { source: 'validation', name: 'OptionalNotNull' },
      { source: 'validation', name: 'ArrayDistinct' },
      { source: 'validation', name: 'eachItem' },
      validator('IsArray'),
      validator('ArrayMaxSize'),
      validator('IsUUID'),
      { source: 'entity', name: max },
    ],
  };
}
