import { render } from 'preact';
import { AdminConsole } from './app';
import './styles.css';

render(<AdminConsole />, document.getElementById('app')!);
