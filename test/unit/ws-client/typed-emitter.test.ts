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

  it('event names that are Object.prototype members are ordinary events', () => {
    type Named = { constructor: [string]; __proto__: [string]; toString: [string]; error: [KrakenError] };
    class NamedEmitter extends TypedEmitter<Named> {
      fire<K extends keyof Named>(e: K, ...a: Named[K]): void {
        this.emit(e, ...a);
      }
    }
    const e = new NamedEmitter();
    const got: string[] = [];
    expect(e.listenerCount('toString')).toBe(0);
    expect(() => e.fire('toString', 'nobody listens')).not.toThrow();
    e.on('constructor', (s) => got.push(`c:${s}`));
    e.on('__proto__', (s) => got.push(`p:${s}`));
    e.fire('constructor', 'a');
    e.fire('__proto__', 'b');
    expect(got).toEqual(['c:a', 'p:b']);
    expect(e.listenerCount('__proto__')).toBe(1);
  });

  it('an error listener that throws does not stop the other error listeners', () => {
    const e = new Emitter();
    const errors: KrakenError[] = [];
    e.on('error', () => {
      throw new Error('listener bug');
    });
    e.on('error', (err) => errors.push(err));
    e.on('tick', () => {
      throw new Error('boom');
    });
    expect(() => e.fire('tick', 1)).not.toThrow();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(KrakenStateError);
  });
});
