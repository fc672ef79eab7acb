import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiTokenCreated, ApiTokenCreateRequest, ApiTokenList } from '@tessera/contracts';
import { http } from '../api/client';

const TOKENS = ['api-tokens'] as const;

export function useApiTokens() {
  return useQuery({ queryKey: TOKENS, queryFn: () => http.get<ApiTokenList>('/api-tokens') });
}

export function useApiTokenMutations() {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: TOKENS, exact: true });
  return {
    // Only the list goes into the cache: the token itself stays in the dialog that shows it.
    create: useMutation({ mutationFn: (body: ApiTokenCreateRequest) => http.post<ApiTokenCreated>('/api-tokens', body), onSuccess: refresh }),
    revoke: useMutation({ mutationFn: (id: string) => http.delete(`/api-tokens/${id}`), onSettled: refresh }),
  };
}
