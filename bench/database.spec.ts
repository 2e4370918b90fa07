import { retryingDeadlocks } from './database';

function deadlock(): Error {
  return Object.assign(new Error('deadlock detected'), { code: '40P01' });
}

describe(retryingDeadlocks.name, () => {
  it('runs the statement again when it was a deadlock victim', async () => {
    const statement = jest.fn<Promise<string>, []>().mockRejectedValueOnce(deadlock()).mockResolvedValue('done');

    await expect(retryingDeadlocks(statement)).resolves.toBe('done');
    expect(statement).toHaveBeenCalledTimes(2);
  });

  it('lets any other failure through at once', async () => {
    const failure = Object.assign(new Error('relation does not exist'), { code: '42P01' });
    const statement = jest.fn<Promise<string>, []>().mockRejectedValue(failure);

    await expect(retryingDeadlocks(statement)).rejects.toBe(failure);
    expect(statement).toHaveBeenCalledTimes(1);
  });

  it('gives up after five deadlocks in a row', async () => {
    const statement = jest.fn<Promise<string>, []>().mockRejectedValue(deadlock());

    await expect(retryingDeadlocks(statement)).rejects.toMatchObject({ code: '40P01' });
    expect(statement).toHaveBeenCalledTimes(5);
  });
});
