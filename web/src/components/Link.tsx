// In-app link using history routing; a real <a href> so it works with keyboard and new tabs.
import type { ComponentChildren } from "preact";
import { linkClick } from "../router";

export function Link(props: { href: string; class?: string; children: ComponentChildren; "aria-current"?: "page" | undefined }) {
  const { href, children, ...rest } = props;
  return <a href={href} onClick={(e) => linkClick(e as unknown as MouseEvent, href)} {...rest}>{children}</a>;
}
