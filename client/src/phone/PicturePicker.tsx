import { useEffect, useRef } from 'react'
import { t } from '../i18n.ts'
import { loadPictures } from './pictureSend.ts'
import type { Picture } from './useOutbox.ts'

/**
 * Photo (camera or gallery: the phone offers both) or finger drawing for a
 * label. Only the two buttons are here: the canvas, the preview and its
 * remove button are plain DOM that phone/pictures.ts builds in `pad`, so
 * the phone's first script stays within its budget.
 */
export function PicturePicker({
  value,
  onChange,
  colour,
  disabled,
  held,
}: {
  value: Picture | null
  onChange: (p: Picture | null) => void
  /** The pen: the colour of the label. */
  colour: string
  disabled: boolean
  /** The picture waits for the facilitator's approval: said with the preview, before it is sent. */
  held: boolean
}) {
  const pad = useRef<HTMLDivElement>(null)
  // Sent or removed: the preview goes.
  useEffect(() => {
    if (!value) pad.current?.replaceChildren()
  }, [value])
  // A second tap while one picture is being made starts over in the same place.
  const pick = (file?: File) =>
    loadPictures().then((m) => m.pick(pad.current as HTMLDivElement, file, colour, held, t, onChange))

  return (
    <div className="picture stack">
      <div className="picture__buttons">
        <label className="button">
          {t('common.photo')}
          <input
            type="file"
            accept="image/*"
            className="visually-hidden"
            disabled={disabled}
            onChange={(e) => {
              const file = e.target.files?.[0]
              e.target.value = ''
              if (file) pick(file)
            }}
          />
        </label>
        <button type="button" className="button" disabled={disabled} onClick={() => pick()}>
          {t('common.draw')}
        </button>
      </div>
      <div ref={pad} className="picture__pad" />
    </div>
  )
}
