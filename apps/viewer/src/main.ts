import './styles.css';
import { startViewer } from './app.js';
import { messageOf } from './errors.js';

void startViewer().catch((error: unknown) => {
  const box = document.getElementById('messages');
  const text = `The viewer failed to start. ${messageOf(error)}`;
  if (box !== null) box.textContent = text;
  console.error(text);
});
