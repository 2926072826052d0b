import { describe, expect, it } from '@jest/globals';
import { scalarResolvers } from '../../src/graphql/scalars.js';

/** A URL that cannot be written out as a string and parsed again: what the domain hands over is used as it is. */
class ParsedOnce extends URL {
  override toString(): string {
    throw new Error('parsed again');
  }
}

describe('the URL scalar', () => {
  it('writes out a URL the domain already parsed without parsing it again', () => {
    expect(scalarResolvers.URL.serialize(new ParsedOnce('https://media.example.test/a%20b.jpg?s=1'))).toBe('https://media.example.test/a%20b.jpg?s=1');
  });

  it('still serializes strings as graphql-scalars does, refusing what is not a URL', () => {
    expect(scalarResolvers.URL.serialize('HTTPS://Media.Example.test/x.jpg')).toBe('https://media.example.test/x.jpg');
    expect(() => scalarResolvers.URL.serialize('not a url')).toThrow();
  });
});
