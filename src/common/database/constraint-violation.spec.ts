import { QueryFailedError } from 'typeorm';
import { FOREIGN_KEY_VIOLATION, UNIQUE_VIOLATION, violatedConstraint } from './constraint-violation';

function queryFailed(driverError: object): QueryFailedError {
  return new QueryFailedError('INSERT …', [], Object.assign(new Error('violation'), driverError));
}

describe(violatedConstraint.name, () => {
  it('names the constraint of a violation with the asked SQLSTATE', () => {
    const error = queryFailed({ code: FOREIGN_KEY_VIOLATION, constraint: 'FK_comments_article_id' });

    expect(violatedConstraint(error, FOREIGN_KEY_VIOLATION)).toBe('FK_comments_article_id');
  });

  it('is undefined for another SQLSTATE, a missing constraint, or an error that is not a query failure', () => {
    expect(violatedConstraint(queryFailed({ code: UNIQUE_VIOLATION, constraint: 'UQ_x' }), FOREIGN_KEY_VIOLATION)).toBe(
      undefined,
    );
    expect(violatedConstraint(queryFailed({ code: UNIQUE_VIOLATION }), UNIQUE_VIOLATION)).toBeUndefined();
    expect(violatedConstraint(new Error('boom'), UNIQUE_VIOLATION)).toBeUndefined();
    expect(violatedConstraint(undefined, UNIQUE_VIOLATION)).toBeUndefined();
  });
});
