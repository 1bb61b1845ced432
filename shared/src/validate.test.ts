import { describe, expect, it } from 'vitest'
import { ErrorCode } from './errors.ts'
import { generateJoinCode, JOIN_CODE_ALPHABET, normalizeJoinCode } from './joinCode.ts'
import { charLength, isValidCategory, validateLabelText, validateNickname } from './validate.ts'

describe('label text', () => {
  it('accepts 280 characters and refuses 281 with its own code, never cutting', () => {
    expect(validateLabelText('a'.repeat(280))).toEqual({ ok: true, value: 'a'.repeat(280) })
    expect(validateLabelText('a'.repeat(281))).toEqual({ ok: false, code: ErrorCode.TextTooLong })
  })

  it('counts an emoji as one character', () => {
    expect(charLength('😀😀')).toBe(2)
    expect(validateLabelText('😀'.repeat(280)).ok).toBe(true)
  })

  it('refuses empty or blank text', () => {
    expect(validateLabelText('   ')).toEqual({ ok: false, code: ErrorCode.TextEmpty })
    expect(validateLabelText(undefined)).toEqual({ ok: false, code: ErrorCode.TextEmpty })
  })

  it('nicknames are optional and at most 30 characters', () => {
    expect(validateNickname(undefined)).toEqual({ ok: true, value: '' })
    expect(validateNickname(' Ali ')).toEqual({ ok: true, value: 'Ali' })
    expect(validateNickname('n'.repeat(31))).toEqual({ ok: false, code: ErrorCode.NicknameTooLong })
  })

  it('legend entries must use the palette and a known icon', () => {
    const ok = { id: 'a', colour: '#D55E00', meaning: 'Problem', icon: 'triangle', order: 0 }
    expect(isValidCategory(ok)).toBe(true)
    expect(isValidCategory({ ...ok, colour: '#ff0000' })).toBe(false)
    expect(isValidCategory({ ...ok, icon: 'skull' })).toBe(false)
    expect(isValidCategory({ ...ok, meaning: '' })).toBe(false)
  })
})

describe('join codes', () => {
  it('are six characters from an alphabet without look-alikes', () => {
    for (let i = 0; i < 200; i++) {
      const code = generateJoinCode()
      expect(code).toHaveLength(6)
      for (const ch of code) expect(JOIN_CODE_ALPHABET).toContain(ch)
    }
    for (const ch of '0O1IL5S2Z8B') expect(JOIN_CODE_ALPHABET).not.toContain(ch)
  })

  it('are read tolerantly: lower case, spaces and dashes', () => {
    expect(normalizeJoinCode(' ack-34x ')).toBe('ACK34X')
    expect(normalizeJoinCode('ACK34')).toBeNull()
    expect(normalizeJoinCode('ACK340')).toBeNull()
  })
})
