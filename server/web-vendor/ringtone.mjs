// The page's sounds, made here from their numbers rather than kept as binary files, as 8 kHz
// 8-bit mono WAVs. The ring: one cadence of the North American ring (440 Hz + 480 Hz for 2 s,
// then 4 s of silence), looped while a call rings. The chime: two short rising notes for a new
// chat, email or SMS, played once.
const RATE = 8000;
const FADE_SECONDS = 0.02;

function wav(seconds, valueAt) {
  const samples = Math.round(RATE * seconds);
  const out = Buffer.alloc(44 + samples);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + samples, 4);
  out.write('WAVEfmt ', 8, 'ascii');
  out.writeUInt32LE(16, 16);      // fmt chunk size
  out.writeUInt16LE(1, 20);       // PCM
  out.writeUInt16LE(1, 22);       // mono
  out.writeUInt32LE(RATE, 24);
  out.writeUInt32LE(RATE, 28);    // bytes per second
  out.writeUInt16LE(1, 32);       // block align
  out.writeUInt16LE(8, 34);       // bits per sample (unsigned)
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(samples, 40);
  for (let i = 0; i < samples; i++) {
    out.writeUInt8(Math.round(128 + 127 * valueAt(i / RATE)), 44 + i);
  }
  return out;
}

/** A note from start to end seconds, faded in and out so it does not click. */
function note(t, start, end, value) {
  if (t < start || t >= end) return 0;
  return Math.min(1, (t - start) / FADE_SECONDS, (end - t) / FADE_SECONDS) * value;
}

export function ringtone() {
  return wav(6, t => note(t, 0, 2, 0.3 * (Math.sin(2 * Math.PI * 440 * t) + Math.sin(2 * Math.PI * 480 * t))));
}

export function chime() {
  return wav(0.5, t => note(t, 0, 0.18, 0.5 * Math.sin(2 * Math.PI * 660 * t))
    + note(t, 0.2, 0.5, 0.5 * Math.sin(2 * Math.PI * 880 * t)));
}
