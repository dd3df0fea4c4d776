import { useEffect, useId, useState } from 'preact/hooks';
import { api, errorMessage } from '../api';
import { safeHttpsUrl } from '../format';
import { useT } from '../i18n/I18nProvider';
import type { StickerChoice, StickerPackages } from '../types';
import { Dialog } from './Dialog';

/** The packages bots may send change only with a new server: read once per page. */
let packagesRead: Promise<StickerPackages> | undefined;

function stickerPackages(): Promise<StickerPackages> {
  packagesRead ??= api<StickerPackages>('GET', '/api/agent/stickers').catch((error: unknown) => {
    packagesRead = undefined;
    throw error;
  });
  return packagesRead;
}

/** One sticker to choose: its picture, or its name in a tile of the same size when the picture cannot be loaded. */
function StickerTile(props: { sticker: StickerChoice; onPick: (sticker: StickerChoice) => void }) {
  const t = useT();
  const [broken, setBroken] = useState(false);
  const label = t.stickerNumbered(props.sticker.stickerId);
  const src = safeHttpsUrl(props.sticker.imageUrl);
  return (
    <li>
      <button type="button" class="sticker-choice" title={label} onClick={() => props.onPick(props.sticker)}>
        {src && !broken ? (
          <img src={src} alt={label} loading="lazy" referrerpolicy="no-referrer" width={72} height={72} onError={() => setBroken(true)} />
        ) : (
          <span class="sticker-missing">{label}</span>
        )}
      </button>
    </li>
  );
}

/**
 * A dialog of the LINE stickers an agent may send: a sticker set to choose, then a grid of its stickers (pictures
 * from LINE's sticker CDN, loaded as they scroll into view). Choosing one hands it to `onPick` and closes; Escape
 * closes without choosing.
 */
export function StickerPicker(props: { onPick: (sticker: StickerChoice) => void; onClose: () => void }) {
  const t = useT();
  const selectId = useId();
  const helpId = useId();
  const [packages, setPackages] = useState<StickerPackages['packages'] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [packageId, setPackageId] = useState<string | undefined>(undefined);
  useEffect(() => {
    let current = true;
    stickerPackages().then(
      (answer) => {
        if (!current) return;
        setPackages(answer.packages);
        setPackageId((chosen) => chosen ?? answer.packages[0]?.packageId);
      },
      (caught: unknown) => current && setError(errorMessage(caught)),
    );
    return () => {
      current = false;
    };
  }, []);
  const shown = packages?.find((item) => item.packageId === packageId);
  return (
    <Dialog title={t.stickerPickerTitle} onClose={props.onClose}>
      <p id={helpId} class="muted small-text">
        {t.stickerPickerHelp}
      </p>
      {error && (
        <p class="error" role="alert">
          {t.stickersUnreadable(error)}
        </p>
      )}
      {!packages && !error && <p class="muted">{t.loading}</p>}
      {packages && (
        <>
          <label for={selectId}>{t.stickerSet}</label>
          <select id={selectId} class="sticker-set" value={packageId} onChange={(event) => setPackageId(event.currentTarget.value)}>
            {packages.map((item) => (
              <option key={item.packageId} value={item.packageId}>
                {item.name}
              </option>
            ))}
          </select>
          {shown && (
            <ul class="sticker-grid" aria-label={t.stickersOf(shown.name)} aria-describedby={helpId}>
              {shown.stickers.map((sticker) => (
                <StickerTile
                  key={`${shown.packageId}/${sticker.stickerId}`}
                  sticker={{ packageId: shown.packageId, stickerId: sticker.stickerId, imageUrl: sticker.imageUrl }}
                  onPick={(chosen) => {
                    props.onPick(chosen);
                    props.onClose();
                  }}
                />
              ))}
            </ul>
          )}
        </>
      )}
    </Dialog>
  );
}
