-- wrk script for tests/load/flood.sh: each request takes the next of the paths
-- given after "--" on wrk's command line, in turn.
local paths = {}
local n = 0

function init(args)
	for i, p in ipairs(args) do
		paths[i] = p
	end
end

function request()
	n = n + 1
	return wrk.format("GET", paths[(n % #paths) + 1])
end
