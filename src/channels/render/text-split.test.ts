import { packBlocks, splitText, utf16Length } from './text-split';

describe('splitText', () => {
  it('when lines fit then they are packed greedily and cut only between lines', () => {
    expect(splitText('aaa\nbbb\nccc', 7, utf16Length)).toEqual(['aaa\nbbb', 'ccc']);
  });

  it('when a single line is too long then it is cut between words, and a single long word inside it', () => {
    expect(splitText('uno dos tres', 7, utf16Length)).toEqual(['uno dos', 'tres']);
    expect(splitText('abcdefghij', 4, utf16Length)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('when a cut falls near an emoji then the surrogate pair stays whole', () => {
    const parts = splitText('ab😀cd', 3, utf16Length);
    expect(parts.join('')).toBe('ab😀cd');
    // A lone surrogate would render as a replacement character on the phone.
    for (const p of parts) expect(p).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});

describe('packBlocks', () => {
  it('when blocks fit together then they share a message with the separator; otherwise a block starts a new one', () => {
    expect(packBlocks(['a', 'b', 'cccc'], 5, utf16Length, '\n\n')).toEqual(['a\n\nb', 'cccc']);
  });

  it('when a block is empty then it produces nothing', () => {
    expect(packBlocks(['', '  '], 5, utf16Length, '\n')).toEqual([]);
  });
});
