// Entry point of the renderer: global styles, then the app.
import { mount } from 'svelte';
import './styles/theme.css';
import './styles/drawing.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('netlens: #app element missing from index.html');
export default mount(App, { target });
