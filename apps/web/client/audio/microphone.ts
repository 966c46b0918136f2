/** The user's microphone, or why there is none, in words they can act on. */
export async function openMicrophone(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new MicrophoneProblem('This page cannot use a microphone here: open it over https (or on localhost).');
  }
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true } });
  } catch (error) {
    throw new MicrophoneProblem(problemOf(error));
  }
}

export class MicrophoneProblem extends Error {}

function problemOf(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Microphone access is blocked. Allow the microphone for this site (in the address bar or your browser settings), then press Start again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found. Connect one, then press Start again.';
    case 'NotReadableError':
      return 'The microphone is busy in another app. Close it there, then press Start again.';
    default:
      return `The microphone could not be opened${error instanceof Error ? `: ${error.message}` : '.'}`;
  }
}
