import {
  idsPropertyLines,
  joinEntityFile,
  manyToManyView,
  type RefsField,
  refsProblem,
} from '../../generators/lib/field-types/refs';
import { isJoinEntityFile } from '../../generators/lib/module-layout';
import { moduleNames } from '../../generators/lib/names';

const PRODUCTS = moduleNames('products');

function refs(name: string, singular: string, target: string): RefsField {
  return {
    type: 'refs',
    name,
    singular,
    idsProperty: `${singular}Ids`,
    filterParameter: `${singular}Id`,
    target,
  };
}

describe(manyToManyView.name, () => {
  it('names the join table, its keys and constraints as the reference names article_topics', () => {
    expect(manyToManyView(PRODUCTS, refs('labels', 'label', 'labels'), true)).toMatchObject({
      joinFile: 'product-label.entity.ts',
      joinClass: 'ProductLabelEntity',
      joinTable: 'product_labels',
      ownerKey: 'productId',
      ownerColumn: 'product_id',
      targetKey: 'labelId',
      targetColumn: 'label_id',
      primaryKeyName: 'PK_product_labels',
      indexName: 'IDX_product_labels_label_id_product_id',
      ownerForeignKeyConstant: 'PRODUCT_LABELS_PRODUCT_FK',
      ownerForeignKeyName: 'FK_product_labels_product_id',
      targetForeignKeyConstant: 'PRODUCT_LABELS_LABEL_FK',
      targetForeignKeyName: 'FK_product_labels_label_id',
      linksProperty: 'labelLinks',
      maxCountConstant: 'PRODUCT_LABELS_MAX_COUNT',
      errorClass: 'ProductLabelNotFoundError',
      errorCode: 'PRODUCTS_LABEL_NOT_FOUND',
      referencedCode: 'LABELS_REFERENCED',
      createTarget: 'await createLabel()',
      self: false,
      includable: true,
    });
  });

  it('links a module to itself under the relation name, never embedded', () => {
    expect(manyToManyView(PRODUCTS, refs('related', 'related', 'products'), true)).toMatchObject({
      joinTable: 'product_related',
      ownerKey: 'productId',
      targetKey: 'relatedId',
      targetForeignKeyName: 'FK_product_related_related_id',
      referencedCode: 'PRODUCTS_REFERENCED',
      createTarget: '(await createProduct()).id',
      self: true,
      includable: false,
    });
  });

  it('does not embed a target whose mapper cannot take a joined row', () => {
    expect(manyToManyView(PRODUCTS, refs('labels', 'label', 'labels'), false).includable).toBe(false);
  });
});

describe(refsProblem.name, () => {
  it('refuses a relation whose join keys would both be named after the owner', () => {
    expect(refsProblem(PRODUCTS, refs('products', 'product', 'products'))?.hint).toBe(
      'name the relation after its role, e.g. related:refs(products)',
    );
  });

  it('refuses names PostgreSQL would truncate', () => {
    const long = 'a'.repeat(30);
    expect(refsProblem(PRODUCTS, refs(`${long}s`, long, 'labels'))?.message).toMatch(/longer than PostgreSQL keeps/);
  });

  it('accepts the usual case', () => {
    expect(refsProblem(PRODUCTS, refs('labels', 'label', 'labels'))).toBeUndefined();
  });
});

describe(idsPropertyLines.name, () => {
  it('validates the id list as the reference validates topicIds', () => {
    const { lines } = idsPropertyLines(manyToManyView(PRODUCTS, refs('labels', 'label', 'labels'), true));

    expect(lines.slice(-6)).toEqual([
      '@OptionalNotNull()',
      '@IsArray()',
      '@ArrayMaxSize(PRODUCT_LABELS_MAX_COUNT)',
      '@ArrayDistinct(PRODUCT_LABELS_MAX_COUNT)',
      "@IsUUID('all', eachItem(PRODUCT_LABELS_MAX_COUNT))",
      'labelIds?: string[];',
    ]);
  });
});

describe(joinEntityFile.name, () => {
  it('names the file after the owner and the kebab-cased relation', () => {
    expect(joinEntityFile(PRODUCTS, refs('featureFlags', 'featureFlag', 'flags'))).toBe(
      'product-feature-flag.entity.ts',
    );
  });
});

describe(isJoinEntityFile.name, () => {
  it.each([
    ['src/modules/products/product-label.entity.ts', true],
    ['src/modules/products/product-related.entity.ts', true],
    ['src/modules/products/product.entity.ts', false],
    ['src/modules/products/dto/product-label.entity.ts', false],
    ['src/modules/labels/product-label.entity.ts', false],
  ])('%s → %s', (path, expected) => {
    expect(isJoinEntityFile(PRODUCTS, path)).toBe(expected);
  });
});
