/** The node logger on pino: JSON lines with component names, levels from config and the environment, pretty lines, secrets masked by field and by value. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { KrakenValidationError } from '../../../src/core/errors.js';
import { rememberSecret } from '../../../src/core/secret-values.js';
import { ApiCredentials } from '../../../src/kraken/common/credentials.js';
import { parseProxyUrl } from '../../../src/transport/proxy-url.js';
import { REDACTED, createLogger, effectiveLogLevel, memorySink } from '../../../src/node/logger.js';

function capture(): { lines: string[]; write(line: string): void } {
  const lines: string[] = [];
  return { lines, write: (line: string) => void lines.push(line) };
}

describe('the pino-backed node logger', () => {
  it('writes one JSON object a line with level, time from the given clock, component and message', () => {
    const out = capture();
    const log = createLogger('TradingNode', { destination: out, format: 'json', clock: new ManualClock(1_700_000_000_123), env: {} });
    log.info('started', { instruments: 2 });
    log.child('DataClient-KRAKEN').warn('stale', { level: 'mine' });
    const [a, b] = out.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(a).toEqual({ level: 'info', time: 1_700_000_000_123, component: 'TradingNode', msg: 'started', instruments: 2 });
    // A field named like one of pino's keys is kept beside it, never over it.
    expect(b).toEqual({ level: 'warn', time: 1_700_000_000_123, component: 'DataClient-KRAKEN', msg: 'stale', 'field.level': 'mine' });
    expect(out.lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
  });

  it('takes its level from the config, and KRAKENKIT_LOG_LEVEL over it; a bad value names the variable', () => {
    const out = capture();
    const quiet = createLogger('c', { destination: out, format: 'json', level: 'WARNING', env: {} });
    quiet.info('dropped');
    quiet.warn('kept');
    const loud = createLogger('c', { destination: out, format: 'json', level: 'WARNING', env: { KRAKENKIT_LOG_LEVEL: 'debug' } });
    loud.debug('kept too');
    createLogger('c', { destination: out, format: 'json', env: { KRAKENKIT_LOG_LEVEL: 'off' } }).error('dropped');
    expect(out.lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['kept', 'kept too']);
    expect(effectiveLogLevel(undefined, {})).toBe('INFO');
    expect(effectiveLogLevel('ERROR', { KRAKENKIT_LOG_LEVEL: ' Warning ' })).toBe('WARNING');
    expect(() => effectiveLogLevel('INFO', { KRAKENKIT_LOG_LEVEL: 'loud' })).toThrow(KrakenValidationError);
    expect(() => effectiveLogLevel('INFO', { KRAKENKIT_LOG_LEVEL: 'loud' })).toThrow(/KRAKENKIT_LOG_LEVEL=loud/);
  });

  it('writes pretty lines with the component when asked, or when the destination is a terminal', () => {
    const out = capture();
    createLogger('ExecClient-KRAKEN', { destination: out, format: 'pretty', env: {} }).info('order accepted', { id: 'O1' });
    const tty = Object.assign(capture(), { isTTY: true });
    createLogger('Strategy', { destination: tty, env: {} }).warn('halted');
    expect(out.lines.join('')).toMatch(/INFO.*\[ExecClient-KRAKEN\] order accepted/);
    expect(out.lines.join('')).toContain('id: "O1"');
    expect(tty.lines.join('')).toMatch(/WARN.*\[Strategy\].*halted/);
  });

  it('masks secrets by field name and, once remembered, by value anywhere in a line, pretty or JSON', () => {
    const key = 'CANARYKEY' + 'x'.repeat(40);
    const secret = Buffer.from('CANARY-secret-bytes-0123456789abcdef').toString('base64');
    const creds = new ApiCredentials(key, secret);
    const token = 'CANARYtoken-WS-0123456789';
    rememberSecret(token);
    parseProxyUrl('http://trader:CANARY%40proxy-pass@127.0.0.1:3128');
    for (const format of ['json', 'pretty'] as const) {
      const out = capture();
      const log = createLogger('c', { destination: out, format, env: {} });
      log.info(`signing with ${key} and ${creds.secret()}`, { note: `token ${token}`, nested: { apiSecret: 'CANARYfield' } });
      log.error('proxy refused', { err: new Error('CONNECT to CANARY@proxy-pass failed'), header: 'Bearer CANARYbearer' });
      const text = out.lines.join('');
      expect(text).not.toContain('CANARY');
      expect(text).toContain(REDACTED);
    }
    const sink = memorySink();
    createLogger('c', { sink, env: {} }).warn(`key ${key}`, { why: secret });
    expect(JSON.stringify(sink.records)).not.toContain('CANARY');
    expect(JSON.stringify(sink.records)).not.toContain(secret);
    expect(sink.records[0]).toMatchObject({ level: 'WARNING', component: 'c', message: `key ${REDACTED}`, fields: { why: REDACTED } });
  });
});
