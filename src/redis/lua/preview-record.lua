-- Records what Stepwise would write for deals of a paused portal, keeping per-value counts exact:
-- for each deal the old entry's tokens are decremented and the new entry's incremented (old → new
-- transitions), so re-evaluating a deal never counts it twice.
-- KEYS[1] preview deals hash, KEYS[2] preview counts hash
-- ARGV: dealId1, entry1, dealId2, entry2, ...  (entry = tokens joined by ',', e.g. "grade:strategic,stage:P,alert:stalled")
local function tokens(entry)
  local out = {}
  if entry then
    for t in string.gmatch(entry, '[^,]+') do out[#out + 1] = t end
  end
  return out
end
for i = 1, #ARGV, 2 do
  local id, entry = ARGV[i], ARGV[i + 1]
  local old = redis.call('HGET', KEYS[1], id)
  if old ~= entry then
    if old then
      for _, t in ipairs(tokens(old)) do redis.call('HINCRBY', KEYS[2], t, -1) end
    else
      redis.call('HINCRBY', KEYS[2], 'deals', 1)
    end
    for _, t in ipairs(tokens(entry)) do redis.call('HINCRBY', KEYS[2], t, 1) end
    redis.call('HSET', KEYS[1], id, entry)
  end
end
return 1
