// A spelling for core's own tests: commands as the tagdeploy CLI writes them.
import type { CommandSpelling } from '../spelling';

export const testSpelling: CommandSpelling = {
  command: (name, product, flags) =>
    ['tagdeploy', name, product, ...Object.entries(flags).flatMap(([flag, value]) => (value === true ? [`--${flag}`] : [`--${flag}`, value]))].join(' '),
  settingsFile: 'tagdeploy.config.json',
};
