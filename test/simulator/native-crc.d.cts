/** Whether yazl's CRC-32 now runs natively (Node >= 20.15), and the patched module, for a test to compare. */
export declare const installed: boolean;
/** The buffer-crc32 module object that yazl requires. */
export declare const crc32: {
  unsigned(input: string | Buffer, previous?: Buffer | number): number;
  signed(input: string | Buffer, previous?: Buffer | number): number;
};
