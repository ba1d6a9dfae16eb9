/**
 * The two trade-and-ticker properties every single-decode route (Spot, Futures, Unified) must
 * hold against the generic route (lossless parse and the generated validator): frames as Kraken
 * writes them stay on the text route with the same message, and mutated frames are accepted and
 * refused alike, with the same values wherever the text decoders take them.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { apply, editsArb } from './frame-mutations.js';

export interface ChannelRoute {
  /** Trade and ticker frames laid out as Kraken writes them. */
  readonly frames: fc.Arbitrary<string>;
  /** The generic route's message, or undefined when it refuses the frame. */
  generic(text: string): unknown;
  /** What the client delivers, and whether the frame stayed on the text route. */
  routed(text: string): { readonly message: unknown; readonly onTextRoute: boolean };
  /** The text decoders alone (undefined: handed back to the generic route). */
  direct(text: string): unknown;
  readonly runs: number;
}

export function expectFramesStayOnTextRoute(route: ChannelRoute): void {
  fc.assert(
    fc.property(route.frames, (text) => {
      const generic = route.generic(text);
      expect(generic).toBeDefined();
      const routed = route.routed(text);
      expect(routed.onTextRoute).toBe(true);
      expect(routed.message).toStrictEqual(generic);
    }),
    { numRuns: route.runs },
  );
}

export function expectMutatedFramesAgree(route: ChannelRoute): void {
  let onText = 0;
  let refused = 0;
  fc.assert(
    fc.property(route.frames, editsArb, (original, edits) => {
      const text = apply(original, edits);
      const generic = route.generic(text);
      const direct = route.direct(text);
      if (direct !== undefined) expect(direct).toStrictEqual(generic); // decoded here ⇒ the validator accepts it, with the same values
      const routed = route.routed(text);
      expect(routed.message).toStrictEqual(generic);
      if (routed.onTextRoute) onText++;
      if (generic === undefined) refused++;
    }),
    { numRuns: route.runs * 4 },
  );
  // The corpus reaches both outcomes often enough for the comparison to mean something.
  expect(onText).toBeGreaterThan(route.runs / 2);
  expect(refused).toBeGreaterThan(route.runs / 4);
}
