import { render } from 'preact';
import './client.css';
import { VoiceAgent } from './voice-agent';

render(<VoiceAgent />, document.getElementById('app')!);
