/**
 * The build-context filter Docker applies from .dockerignore: patterns in order, the last match
 * wins, `!` re-includes, and a pattern matching a parent directory matches everything below it.
 */
export function dockerignoreFilter(text: string): (relativePath: string) => boolean {
  const rules = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const include = line.startsWith('!');
      const pattern = (include ? line.slice(1) : line).replace(/^\/+|\/+$/g, '');
      return { include, regex: globToRegex(pattern) };
    });

  return (relativePath) => {
    const prefixes = relativePath.split('/').map((_part, index, parts) => parts.slice(0, index + 1).join('/'));
    let included = true;
    for (const rule of rules) {
      if (prefixes.some((prefix) => rule.regex.test(prefix))) included = rule.include;
    }
    return included;
  };
}

function globToRegex(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] ?? '';
    if (pattern.startsWith('**/', index)) {
      source += '(?:.*/)?';
      index += 2;
    } else if (pattern.startsWith('**', index)) {
      source += '.*';
      index += 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
