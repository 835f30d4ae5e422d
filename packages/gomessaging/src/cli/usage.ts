export const usage = `Usage: natsflux-topology <command> <files...>

Reads gomessaging topology JSON files: each holds one topology object
({"transport","serviceName","endpoints":[...]}) or an array of them.

Commands:
  validate <files...>   validate every topology and check across services;
                        prints the problems and exits 1, or "ok: N topologies valid"
  mermaid <files...>    print a Mermaid flowchart of all topologies

Options:
  -h, --help            show this help

Exit codes: 0 ok, 1 invalid topologies, 2 usage error or unreadable input.
`;
