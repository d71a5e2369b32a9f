export type AppEnv = { Bindings: CloudflareBindings; Variables: { requestId: string } };
