import { CircuitBreaker, type CircuitState } from './circuit-breaker';

const PROBE_INTERVAL_MS = 1_000;

function breaker(probe: jest.Mock<Promise<unknown>, []>): { circuit: CircuitBreaker; changes: CircuitState[] } {
  const changes: CircuitState[] = [];
  const circuit = new CircuitBreaker({
    probeIntervalMs: PROBE_INTERVAL_MS,
    probe,
    onChange: (state) => changes.push(state),
  });
  return { circuit, changes };
}

describe(CircuitBreaker.name, () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('opens at the first failure and reports repeated failures once', () => {
    const { circuit, changes } = breaker(jest.fn(() => Promise.reject(new Error('down'))));

    circuit.fail(new Error('first'));
    circuit.fail(new Error('second'));

    expect(circuit.isOpen).toBe(true);
    expect(changes).toEqual(['open']);
    circuit.dispose();
  });

  it('probes after the interval, stays open while the probe fails, closes when it succeeds', async () => {
    const probe = jest.fn<Promise<unknown>, []>(() => Promise.reject(new Error('down')));
    const { circuit, changes } = breaker(probe);

    circuit.fail(new Error('down'));
    await jest.advanceTimersByTimeAsync(PROBE_INTERVAL_MS - 1);
    expect(probe).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(probe).toHaveBeenCalledTimes(1);
    expect(circuit.isOpen).toBe(true);

    probe.mockResolvedValue('PONG');
    await jest.advanceTimersByTimeAsync(PROBE_INTERVAL_MS);

    expect(probe).toHaveBeenCalledTimes(2);
    expect(circuit.state).toBe('closed');
    expect(changes).toEqual(['open', 'closed']);
  });

  it('probes at once when asked, without a second probe in flight', async () => {
    let answer: (value: unknown) => void = () => undefined;
    const probe = jest.fn<Promise<unknown>, []>(() => new Promise((resolve) => (answer = resolve)));
    const { circuit, changes } = breaker(probe);

    circuit.fail(new Error('down'));
    circuit.probeSoon();
    await jest.advanceTimersByTimeAsync(0);
    circuit.probeSoon();
    await jest.advanceTimersByTimeAsync(0);
    expect(probe).toHaveBeenCalledTimes(1);

    answer('PONG');
    await jest.advanceTimersByTimeAsync(0);
    expect(changes).toEqual(['open', 'closed']);
  });

  it('stops probing once disposed', async () => {
    const probe = jest.fn<Promise<unknown>, []>(() => Promise.resolve('PONG'));
    const { circuit, changes } = breaker(probe);

    circuit.fail(new Error('down'));
    circuit.dispose();
    await jest.advanceTimersByTimeAsync(PROBE_INTERVAL_MS * 3);

    expect(probe).not.toHaveBeenCalled();
    expect(changes).toEqual(['open']);
  });
});
