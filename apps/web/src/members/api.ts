import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Invitation, InvitationCreateRequest, InvitationCreated, Member, Role, memberList } from '@tessera/contracts';
import { http } from '../api/client';

export const memberKeys = { all: ['members'] as const, invitations: ['invitations'] as const };

export function useMembers(enabled = true) {
  return useQuery({
    queryKey: memberKeys.all,
    queryFn: () => http.get<z.infer<typeof memberList>>('/members'),
    enabled,
  });
}

export function useInvitations(enabled: boolean) {
  return useQuery({
    queryKey: memberKeys.invitations,
    queryFn: () => http.get<{ items: Invitation[] }>('/invitations'),
    enabled,
  });
}

export function useMemberMutations() {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: memberKeys.all });
  return {
    changeRole: useMutation({
      mutationFn: ({ userId, role }: { userId: string; role: Role }) => http.patch<Member>(`/members/${userId}`, { role }),
      onSettled: refresh,
    }),
    remove: useMutation({
      mutationFn: (userId: string) => http.delete(`/members/${userId}`),
      onSettled: refresh,
    }),
    invite: useMutation({
      mutationFn: (body: InvitationCreateRequest) => http.post<InvitationCreated>('/invitations', body),
      onSuccess: () => qc.invalidateQueries({ queryKey: memberKeys.invitations }),
    }),
    revoke: useMutation({
      mutationFn: (id: string) => http.delete(`/invitations/${id}`),
      onSettled: () => qc.invalidateQueries({ queryKey: memberKeys.invitations }),
    }),
  };
}
