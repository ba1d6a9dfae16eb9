import { describe, expect, it } from 'vitest';
import { KrakenError, KrakenStateError } from '../../../src/core/errors.js';
import { TypedEmitter } from '../../../src/transport/ws/typed-emitter.js';

type Events = { tick: [number]; error: [KrakenError] };
class Emitter extends TypedEmitter<Events> {
  fire<K extends keyof Events>(e: K, ...a: Events[K]): void {
    this.emit(e, ...a);
  }
}

describe('TypedEmitter', () => {
  it('emitting error with no listener does not throw (a bad frame must never crash the process)', () => {
    expect(() => new Emitter().fire('error', new KrakenError('x'))).not.toThrow();
  });

  it('isolates a throwing listener: others still run and the failure is reported as an error event', () => {
    const e = new Emitter();
    const got: number[] = [];
    const errors: KrakenError[] = [];
    e.on('tick', () => {
      throw new Error('boom');
    });
    e.on('tick', (n) => got.push(n));
    e.on('error', (err) => errors.push(err));
    e.fire('tick', 1);
    expect(got).toEqual([1]);
    expect(errors[0]).toBeInstanceOf(KrakenStateError);
  });

  it('once() fires a single time and off() removes a listener', () => {
    const e = new Emitter();
    const got: number[] = [];
    e.once('tick', (n) => got.push(n));
    const l = (n: number): void => void got.push(n * 10);
    e.on('tick', l);
    e.fire('tick', 1);
    e.off('tick', l);
    e.fire('tick', 2);
    expect(got).toEqual([1, 10]);
    expect(e.listenerCount('tick')).toBe(0);
  });
});
