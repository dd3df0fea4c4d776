import { safeHttpsUrl } from '../format';

/** The customer's LINE picture (HTTPS only), or their initial. */
export function Avatar(props: { name: string | undefined; pictureUrl: string | undefined; size?: 'small' | 'large' }) {
  const url = safeHttpsUrl(props.pictureUrl);
  const className = `avatar ${props.size ?? 'small'}`;
  if (url) return <img class={className} src={url} alt="" referrerpolicy="no-referrer" loading="lazy" />;
  const initial = (props.name ?? '?').trim().charAt(0).toUpperCase() || '?';
  return (
    <span class={className} aria-hidden="true">
      {initial}
    </span>
  );
}
