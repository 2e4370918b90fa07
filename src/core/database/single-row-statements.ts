import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { ObjectLiteral, Repository } from 'typeorm';
import { FlatEntity } from './flat-entity';

/**
 * Fixed PostgreSQL for the two hottest single-row statements of a repository: read by primary key
 * and insert. `findOneBy` and `Repository.insert` rebuild, re-escape and re-parse the same statement
 * through TypeORM's query builder on every call, one of the largest costs of a GET by id and a
 * POST (docs/performance.md, optimisation 2). Here the SQL is written once from the entity's metadata,
 * and each value still goes through the driver's own persistence and hydration conversions (column
 * transformers included), so the entities that come out are those TypeORM would build.
 *
 * For flat entities only (see FlatEntity), checked when the statements are built (at boot).
 */
export class SingleRowStatements<Entity extends ObjectLiteral> {
  private readonly entity: FlatEntity<Entity>;
  private readonly primary: ColumnMetadata;
  private readonly columns: readonly ColumnMetadata[];
  private readonly insertedColumns: readonly ColumnMetadata[];
  private readonly selectById: string;
  private readonly insertInto: string;
  private readonly returning: string;

  constructor(private readonly repository: Repository<Entity>) {
    const { metadata } = repository;
    const entity = new FlatEntity(repository, SingleRowStatements.name);
    const [primary, ...otherPrimaries] = metadata.primaryColumns;
    if (primary === undefined || otherPrimaries.length > 0) {
      throw new Error(`${metadata.name}: SingleRowStatements needs exactly one primary column`);
    }
    const { driver, table } = entity;
    const selectList = entity.selectList(metadata.columns);
    this.entity = entity;
    this.primary = primary;
    this.columns = metadata.columns;
    // As TypeORM's insert: columns marked `insert: false` and serial keys are left to the database.
    this.insertedColumns = metadata.columns.filter(
      (column) => column.isInsert && !(column.isGenerated && column.generationStrategy === 'increment'),
    );
    this.selectById = `SELECT ${selectList} FROM ${table} WHERE ${driver.escape(primary.databaseName)} = $1`;
    const insertList = this.insertedColumns.map((column) => driver.escape(column.databaseName)).join(', ');
    this.insertInto = `INSERT INTO ${table} (${insertList}) VALUES `;
    this.returning = ` RETURNING ${selectList}`;
  }

  async findById(id: unknown): Promise<Entity | null> {
    const key: unknown = this.entity.driver.preparePersistentValue(id, this.primary);
    const rows = await this.repository.query<ObjectLiteral[]>(this.selectById, [key]);
    const [row] = rows;
    return row === undefined ? null : this.entity.hydrate(row, this.columns);
  }

  /**
   * One INSERT … RETURNING, with TypeORM's insert semantics: an omitted (undefined) value takes the
   * column's database default, a version column starts at 1. The returned entity is the stored row.
   */
  async insert(values: Partial<Entity>): Promise<Entity> {
    const { driver } = this.entity;
    const parameters: unknown[] = [];
    const expressions = this.insertedColumns.map((column) => {
      const value: unknown = driver.preparePersistentValue(column.getEntityValue(values), column);
      if (value === undefined) return column.isVersion ? '1' : 'DEFAULT';
      parameters.push(value);
      return `$${parameters.length}`;
    });
    const sql = `${this.insertInto}(${expressions.join(', ')})${this.returning}`;
    const [row] = await this.repository.query<ObjectLiteral[]>(sql, parameters);
    if (row === undefined) throw new Error(`INSERT … RETURNING into ${this.repository.metadata.name} returned no row`);
    return this.entity.hydrate(row, this.columns);
  }
}
