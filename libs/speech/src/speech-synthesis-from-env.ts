import OpenAI from 'openai';
import type { Env } from '../../config/src/env';
import { OpenAISpeechSynthesis } from './openai-speech-synthesis';
import type { SpeechSynthesis } from './speech-synthesis';

type SpeechEnv = Pick<Env, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'SPEECH_MODEL' | 'OPENAI_SPEECH_API_KEY' | 'OPENAI_SPEECH_BASE_URL'>;

/** OpenAI's speech API when a key is set (the OPENAI_SPEECH_* settings point it elsewhere, e.g. at the simulator); else none. */
export function speechSynthesisFrom(env: SpeechEnv): SpeechSynthesis | undefined {
  const apiKey = env.OPENAI_SPEECH_API_KEY ?? env.OPENAI_API_KEY;
  if (!apiKey) return undefined;
  const client = new OpenAI({ apiKey, baseURL: env.OPENAI_SPEECH_BASE_URL ?? env.OPENAI_BASE_URL });
  return new OpenAISpeechSynthesis(client, env.SPEECH_MODEL);
}
