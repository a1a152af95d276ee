// Owns the signed-in session as seen by pages: who is signed in and what they may do.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Session } from "./types";

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside a signed-in page");
  return s;
}

export function can(session: Session, capability: string): boolean {
  return session.capabilities.includes(capability);
}
