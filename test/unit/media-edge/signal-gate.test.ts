import { SignalGate } from '../../../apps/media-edge/src/signal-gate';

/** A task the test finishes when it likes, recording when it started. */
function controlledTask(started: string[], name: string) {
  let finish!: (fail?: Error) => void;
  const done = new Promise<string>((resolve, reject) => (finish = (fail) => (fail ? reject(fail) : resolve(name))));
  return {
    run: () => {
      started.push(name);
      return done;
    },
    finish,
  };
}

/** Lets every promise callback that is ready run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SignalGate', () => {
  it('runs at most its limit at once, and the waiting tasks in the order they came', async () => {
    const gate = new SignalGate(2);
    const started: string[] = [];
    const tasks = ['a', 'b', 'c', 'd'].map((name) => controlledTask(started, name));
    const results = tasks.map((task) => gate.run(task.run));
    await settle();
    expect(started).toEqual(['a', 'b']);

    tasks[1].finish();
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    tasks[0].finish();
    await settle();
    expect(started).toEqual(['a', 'b', 'c', 'd']);

    tasks[2].finish();
    tasks[3].finish();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('frees the slot of a task that failed, and hands its error back', async () => {
    const gate = new SignalGate(1);
    const started: string[] = [];
    const failing = controlledTask(started, 'failing');
    const next = controlledTask(started, 'next');
    const failed = gate.run(failing.run);
    const after = gate.run(next.run);
    failing.finish(new Error('deadline exceeded'));
    await expect(failed).rejects.toThrow('deadline exceeded');
    await settle();
    expect(started).toEqual(['failing', 'next']);
    next.finish();
    expect(await after).toBe('next');

    // Free again: a task now starts at once.
    const later = controlledTask(started, 'later');
    const result = gate.run(later.run);
    await settle();
    expect(started.at(-1)).toBe('later');
    later.finish();
    expect(await result).toBe('later');
  });
});
