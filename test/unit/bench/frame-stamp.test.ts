import { mulawToPcm16 } from '../../../libs/audio/src/mulaw';
import { stampPayload, usSinceStamp } from '../../../bench/media-edge/frame-stamp';

const SILENCE = Buffer.alloc(160, 0xff).toString('base64');

describe('bench frame stamps', () => {
  it('reads back the time a frame was stamped, across the clock wrapping', () => {
    const stamped = stampPayload(SILENCE, 1_234_567);
    expect(usSinceStamp(stamped, 1_240_000)).toBe(5_433);
    const nearWrap = 2 ** 36 - 10;
    expect(usSinceStamp(stampPayload(SILENCE, nearWrap), 15)).toBe(25);
  });

  it('changes only the first 9 bytes, to near-silence, and keeps the length', () => {
    const stamped = Buffer.from(stampPayload(SILENCE, 2 ** 36 - 1), 'base64');
    expect(stamped).toHaveLength(160);
    expect(stamped.subarray(9)).toEqual(Buffer.alloc(151, 0xff));
    const loudest = Math.max(...Array.from(mulawToPcm16(stamped.subarray(0, 9)), Math.abs));
    expect(loudest).toBeLessThan(64); // of 32,767: far below any VAD threshold
  });

  it('finds no stamp in ordinary audio', () => {
    expect(usSinceStamp(Buffer.alloc(160, 0x2a).toString('base64'))).toBeUndefined();
  });
});
