import { ConfigSchema, defaultConfig } from '../src/schema/config/index.js';
import { z } from 'zod';
console.log(JSON.stringify(defaultConfig(), null, 1));
console.log(JSON.stringify(z.toJSONSchema(ConfigSchema, {io: 'input'})).slice(0, 500));
