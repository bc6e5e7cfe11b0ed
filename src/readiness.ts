// Whether this gateway should get traffic (/ready): not while draining, nor before its backends answer when told
// to wait for them. Liveness (/health) is another matter: it stays 200 as long as the process serves.
type ReadinessState = 'ready' | 'draining' | 'waiting for backends';

export class Readiness {
  private draining = false;
  private backendsAnswered: boolean;

  constructor(waitForBackends: boolean) {
    this.backendsAnswered = !waitForBackends;
  }

  get state(): ReadinessState {
    if (this.draining) return 'draining';
    return this.backendsAnswered ? 'ready' : 'waiting for backends';
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** The backends readiness waits for have answered: ready from now on (a backend failing later is its circuit's job). */
  backendsReady(): void {
    this.backendsAnswered = true;
  }

  /** SIGTERM (or a close): not ready from now on, for good. */
  startDraining(): void {
    this.draining = true;
  }
}
