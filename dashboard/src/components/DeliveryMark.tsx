import { useT } from '../i18n/I18nProvider';

/**
 * A quiet "free" or "paid" beside a message sent on LINE: by a reply token (free) or by push (counted against the
 * account's monthly quota). Screen readers hear the explanation, pointers see it as the title.
 */
export function DeliveryMark(props: { delivery: 'reply' | 'push' }) {
  const t = useT();
  const free = props.delivery === 'reply';
  const explanation = free ? t.deliveryFreeTitle : t.deliveryPaidTitle;
  return (
    <span class={`delivery-mark ${free ? 'delivery-free' : 'delivery-paid'}`} title={explanation} data-delivery={props.delivery}>
      <span aria-hidden="true">{free ? t.deliveryFree : t.deliveryPaid}</span>
      <span class="visually-hidden">{explanation}</span>
    </span>
  );
}
