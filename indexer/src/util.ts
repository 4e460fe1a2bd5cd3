import type { Context } from 'ponder:registry';

export type Hex = `0x${string}`;
export type Db = Context['db'];

export function lower(address: string): Hex {
  return address.toLowerCase() as Hex;
}

/** An event's place in the chain as one number: block, then log index. */
export function position(event: { block: { number: bigint }; log: { logIndex: number } }): bigint {
  return event.block.number * 1_000_000n + BigInt(event.log.logIndex);
}
