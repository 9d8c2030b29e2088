// The softphone's ring: one cadence of the North American ring (440 Hz + 480 Hz for 2 s, then 4 s
// of silence) as an 8 kHz 8-bit mono WAV, which the page loops while a call rings. Made here from
// its numbers rather than kept as a binary file.
const RATE = 8000;
const ON_SECONDS = 2;
const OFF_SECONDS = 4;
const FADE_SECONDS = 0.02;

export function ringtone() {
  const samples = RATE * (ON_SECONDS + OFF_SECONDS);
  const wav = Buffer.alloc(44 + samples);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16);      // fmt chunk size
  wav.writeUInt16LE(1, 20);       // PCM
  wav.writeUInt16LE(1, 22);       // mono
  wav.writeUInt32LE(RATE, 24);
  wav.writeUInt32LE(RATE, 28);    // bytes per second
  wav.writeUInt16LE(1, 32);       // block align
  wav.writeUInt16LE(8, 34);       // bits per sample (unsigned)
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples, 40);
  for (let i = 0; i < samples; i++) {
    const t = i / RATE;
    let value = 0;
    if (t < ON_SECONDS) {
      const fade = Math.min(1, t / FADE_SECONDS, (ON_SECONDS - t) / FADE_SECONDS);
      value = 0.3 * fade * (Math.sin(2 * Math.PI * 440 * t) + Math.sin(2 * Math.PI * 480 * t));
    }
    wav.writeUInt8(Math.round(128 + 127 * value), 44 + i);
  }
  return wav;
}
