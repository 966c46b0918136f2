import { render } from 'preact';

function AdminConsole() {
  return <h1>Switchboard admin</h1>;
}

render(<AdminConsole />, document.getElementById('app')!);
