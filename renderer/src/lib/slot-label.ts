/** A secret slot's label (`secretSlots`) as a form label: capitalised, unless it is an identifier such as `client_secret`. */
export const slotLabel = (label: string): string => (/^[a-z]+_/.test(label) ? label : label.charAt(0).toUpperCase() + label.slice(1));
