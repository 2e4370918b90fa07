import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { Driver, ObjectLiteral, Repository } from 'typeorm';

/**
 * What the fixed-SQL statements (SingleRowStatements, PageStatements) share: the refusal of entities
 * they cannot read faithfully, escaped names, and TypeORM's own hydration of a raw row.
 *
 * Only flat entities: relations, embedded columns, virtual columns and spatial types change how
 * TypeORM selects and hydrates, and `@AfterLoad` listeners or `afterLoad` subscribers would not run
 * for rows read here, so all of these are refused when the statements are built (at boot).
 */
export class FlatEntity<Entity extends ObjectLiteral> {
  readonly driver: Driver;
  /** The schema-qualified table name, escaped. */
  readonly table: string;

  constructor(
    private readonly repository: Repository<Entity>,
    statementsName: string,
  ) {
    const { metadata } = repository;
    const { driver } = repository.manager.dataSource;
    const unsupported = metadata.columns.filter(
      (column) =>
        column.embeddedMetadata !== undefined || column.isVirtualProperty || driver.spatialTypes.includes(column.type),
    );
    if (metadata.relations.length > 0 || unsupported.length > 0) {
      const names = unsupported.map((column) => column.propertyName).join(', ');
      throw new Error(
        `${metadata.name}: ${statementsName} supports flat entities only (relations: ${metadata.relations.length}; unsupported columns: ${names || 'none'})`,
      );
    }
    if (metadata.afterLoadListeners.length > 0 || hasAfterLoadSubscriber(repository)) {
      throw new Error(
        `${metadata.name}: ${statementsName} does not run @AfterLoad listeners or afterLoad subscribers; read this entity through TypeORM`,
      );
    }
    this.driver = driver;
    this.table = metadata.tablePath
      .split('.')
      .map((part) => driver.escape(part))
      .join('.');
  }

  column(propertyName: string): ColumnMetadata {
    const { metadata } = this.repository;
    const column = metadata.findColumnWithPropertyName(propertyName);
    if (column === undefined) throw new Error(`${metadata.name} has no column ${propertyName}`);
    return column;
  }

  /** `"database_name" AS "propertyName"` per column: the keys `hydrate` reads the row by. */
  selectList(columns: readonly ColumnMetadata[]): string {
    const { driver } = this;
    return columns
      .map((column) => `${driver.escape(column.databaseName)} AS ${driver.escape(column.propertyName)}`)
      .join(', ');
  }

  /**
   * The entity TypeORM's query builder makes of a row selected with `selectList(columns)`: created
   * as for a read (without running the constructor), each value through the driver's hydration
   * (column transformers included); columns not selected stay absent.
   */
  hydrate(row: ObjectLiteral, columns: readonly ColumnMetadata[]): Entity {
    const { driver } = this;
    // EntityMetadata.create is typed `any`; it builds an instance of this repository's target.
    const entity = this.repository.metadata.create(undefined, { fromDeserializer: true }) as Entity;
    for (const column of columns) {
      column.setEntityValue(entity, driver.prepareHydratedValue(row[column.propertyName], column));
    }
    return entity;
  }
}

/** As TypeORM's Broadcaster decides: a subscriber without `listenTo` hears every entity. */
function hasAfterLoadSubscriber(repository: Repository<ObjectLiteral>): boolean {
  const { target } = repository.metadata;
  return repository.manager.dataSource.subscribers.some((subscriber) => {
    if (typeof subscriber.afterLoad !== 'function') return false;
    const listened: unknown = subscriber.listenTo?.();
    if (listened === undefined || listened === null) return true;
    return (
      listened === target ||
      (typeof target === 'function' && typeof listened === 'function' && target.prototype instanceof listened)
    );
  });
}
