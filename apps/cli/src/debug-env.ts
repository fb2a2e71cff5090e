/** True when the environment asks for debug output (`DEBUG=kalvimate` or `DEBUG=*`). */
export function isDebugEnv(env: Record<string, string | undefined>): boolean {
  return (env.DEBUG ?? '').split(',').some((v) => v.trim() === 'kalvimate' || v.trim() === '*');
}
