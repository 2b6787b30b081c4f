/** `node -r @trims/tfjs/register app.js`: the hooks of register(), installed on load. */
import { register } from './index';

register();
