import { describe, expect, it } from 'vitest';
import { KrakenStateError } from '../../../src/core/errors.js';
import { WS_TRANSITIONS, WsConnectionState as S, WsStateMachine } from '../../../src/transport/ws/state-machine.js';
import type { WsStateChange } from '../../../src/transport/ws/state-machine.js';

describe('WsStateMachine', () => {
  it('walks the normal lifecycle and reports each change', () => {
    const changes: WsStateChange[] = [];
    const sm = new WsStateMachine('test', (c) => changes.push(c));
    for (const to of [
      S.Connecting,
      S.Open,
      S.Authenticating,
      S.Ready,
      S.Reconnecting,
      S.Connecting,
      S.Open,
      S.Ready,
      S.Closed,
      S.Connecting,
    ]) {
      sm.transition(to);
    }
    expect(sm.state).toBe(S.Connecting);
    expect(changes[0]).toEqual({ from: S.Idle, to: S.Connecting });
    expect(changes).toHaveLength(10);
  });

  it('throws KrakenStateError on every transition not in the table, leaving the state unchanged', () => {
    const all = Object.values(S);
    let illegal = 0;
    for (const from of all) {
      for (const to of all) {
        if (WS_TRANSITIONS[from].includes(to)) continue;
        const sm = new WsStateMachine('test');
        // Drive the machine to `from` along a legal path.
        const path: Record<S, S[]> = {
          [S.Idle]: [],
          [S.Connecting]: [S.Connecting],
          [S.Open]: [S.Connecting, S.Open],
          [S.Authenticating]: [S.Connecting, S.Open, S.Authenticating],
          [S.Ready]: [S.Connecting, S.Open, S.Ready],
          [S.Reconnecting]: [S.Connecting, S.Reconnecting],
          [S.Closed]: [S.Closed],
        };
        for (const step of path[from]) sm.transition(step);
        expect(() => sm.transition(to)).toThrow(KrakenStateError);
        expect(sm.state).toBe(from);
        illegal++;
      }
    }
    expect(illegal).toBeGreaterThan(20);
  });

  it('cannot skip from idle straight to ready or reconnect a closed machine without connecting', () => {
    const sm = new WsStateMachine('test');
    expect(() => sm.transition(S.Ready)).toThrow(/idle → ready/);
    sm.transition(S.Closed);
    expect(() => sm.transition(S.Reconnecting)).toThrow(KrakenStateError);
  });
});
