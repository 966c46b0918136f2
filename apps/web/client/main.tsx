import { render } from 'preact';

function VoiceAgent() {
  return <h1>Switchboard voice agent</h1>;
}

render(<VoiceAgent />, document.getElementById('app')!);
