// Asks for a key passphrase on the terminal without echoing it; refuses when there is no terminal.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { visible } from './terminal-text.js';

export function askPassphraseOnTty(keyPath: string): Promise<string> {
  if (!process.stdin.isTTY) {
    return Promise.reject(
      new Error(
        `the key ${keyPath} is encrypted and there is no terminal to ask for its passphrase; load it into ssh-agent`,
      ),
    );
  }
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) process.stderr.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(`Passphrase for ${visible(keyPath)}: `, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}
